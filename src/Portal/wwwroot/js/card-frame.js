// Listens to the card form framed on the payment methods page. Only two messages are accepted, and
// only from that frame on this origin: its height, and the pm_ id of the card it just added.
// The card number never reaches this page, nor the Blazor circuit behind it.
export function listen(frame, page) {
  const onMessage = event => {
    if (event.origin !== window.location.origin || event.source !== frame.contentWindow) return;
    const data = event.data || {};
    if (data.type === 'vinr:card_form_height' && Number.isFinite(data.height)) {
      frame.style.height = `${Math.ceil(data.height) + 4}px`;
    } else if (data.type === 'vinr:payment_method_added' && /^pm_[A-Za-z0-9]{1,64}$/.test(data.id)) {
      page.invokeMethodAsync('OnCardAdded', data.id);
    }
  };
  window.addEventListener('message', onMessage);
  return { dispose: () => window.removeEventListener('message', onMessage) };
}
