// "Return to {merchant}" is a plain form post (MainLayout): its response ends the session and sends
// the browser on to the merchant. Until the merchant's page arrives, this tab keeps its circuit, and
// the circuit's next session check sees the session ended; sending the tab to /signed-out then
// would overtake the customer's own way out. So the tab remembers that it is leaving.
(() => {
  'use strict';
  let leaving = false;
  document.addEventListener('submit', event => {
    if (event.target instanceof HTMLFormElement && event.target.classList.contains('return-form')) leaving = true;
  });
  window.vinrPortal = {
    // The circuit found the session gone (SessionEnded.razor).
    sessionEnded: url => { if (!leaving) location.href = url; },
  };
})();
