// The portal's page script (no inline script: the CSP allows this origin's files only).
(() => {
  'use strict';

  // "Return to {merchant}" is a plain form post (MainLayout): its response ends the session and sends
  // the browser on to the merchant. Until the merchant's page arrives, this tab keeps its circuit, and
  // the circuit's next session check sees the session ended; sending the tab to /signed-out then
  // would overtake the customer's own way out. So the tab remembers that it is leaving.
  let leaving = false;
  document.addEventListener('submit', event => {
    if (event.target instanceof HTMLFormElement && event.target.classList.contains('return-form')) leaving = true;
  });

  // The skip link moves focus, not just the scroll position, so the next Tab starts in the page's
  // content. Captured before Blazor's link handling, which would only scroll.
  document.addEventListener('click', event => {
    const link = event.target instanceof Element ? event.target.closest('.skip-link') : null;
    const main = document.getElementById('main');
    if (!link || !main) return;
    event.preventDefault();
    event.stopPropagation();
    main.focus();
  }, true);

  window.vinrPortal = {
    // The circuit found the session gone (SessionEnded.razor).
    sessionEnded: url => { if (!leaving) location.href = url; },
  };
})();
