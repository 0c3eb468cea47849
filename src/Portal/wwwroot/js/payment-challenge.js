// Listens to the 3-D Secure challenge framed in the portal's payment dialog. Only two messages are accepted, and only
// from that frame on this origin: its height, and how the challenge went (its id and succeeded/failed). The portal page
// then retries its request carrying the challenge, or says it did not go through.
export function listen(frame, dialog, authenticationId) {
  const onMessage = event => {
    if (event.origin !== window.location.origin || event.source !== frame.contentWindow) return;
    const data = event.data || {};
    if (data.type === 'vinr:card_form_height' && Number.isFinite(data.height)) {
      frame.style.height = `${Math.ceil(data.height) + 4}px`;
    } else if (data.type === 'vinr:authentication_done' && data.id === authenticationId && (data.status === 'succeeded' || data.status === 'failed')) {
      dialog.invokeMethodAsync('OnAuthenticated', data.status === 'succeeded');
    }
  };
  window.addEventListener('message', onMessage);
  return { dispose: () => window.removeEventListener('message', onMessage) };
}
