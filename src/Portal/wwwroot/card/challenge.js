// The 3-D Secure challenge's script: posts the customer's answer ("complete" or "fail") to this page's own address,
// then tells the window that framed it, on this origin only. A card being saved (inside the card frame) hands over
// the new card's pm_ id, exactly as the card form does; a payment (in the portal's dialog) says how it went, and the
// portal page retries its request. Every word it shows comes from the page (data-* attributes), in the customer's language.
(() => {
  'use strict';

  const root = document.getElementById('challenge');
  const text = root.dataset;
  const token = document.querySelector('meta[name="request-verification-token"]').content;
  const alertBox = document.getElementById('challenge-error');
  const status = document.getElementById('challenge-status');
  const actions = document.getElementById('challenge-actions');
  const retry = document.getElementById('challenge-retry');
  const buttons = actions ? [...actions.querySelectorAll('button')] : [];
  const tell = message => parent.postMessage(message, location.origin);

  // The frame around it is sized to it, as it is to the card form.
  const reportHeight = () => tell({ type: 'vinr:card_form_height', height: document.body.getBoundingClientRect().height });
  new ResizeObserver(reportHeight).observe(document.body);

  const showAlert = message => { alertBox.textContent = message; alertBox.hidden = !message; };

  for (const button of buttons) {
    button.addEventListener('click', async () => {
      if (buttons.some(b => b.disabled)) return; // one answer at a time
      buttons.forEach(b => { b.disabled = true; });
      showAlert('');
      status.textContent = text.working;
      try {
        const response = await fetch(location.pathname, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'RequestVerificationToken': token },
          body: JSON.stringify({ result: button.dataset.result }),
        });
        const body = await response.json().catch(() => ({}));
        actions.hidden = true;
        if (response.ok) {
          status.textContent = text.done;
          if (text.kind === 'setup' && body.payment_method) {
            tell({ type: 'vinr:payment_method_added', id: body.payment_method.id });
          } else {
            tell({ type: 'vinr:authentication_done', id: text.id, status: 'succeeded' });
          }
          return;
        }
        status.textContent = '';
        showAlert((body.error && body.error.message) || text.failed);
        if (retry) retry.hidden = false;
        if (text.kind === 'payment') tell({ type: 'vinr:authentication_done', id: text.id, status: 'failed' });
      } catch {
        status.textContent = '';
        showAlert(text.unreachable);
        buttons.forEach(b => { b.disabled = false; });
      }
    });
  }
})();
