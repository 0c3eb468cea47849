// Puts focus back where the customer was after the remove-card dialog. MudBlazor's dialog keeps
// focus inside it until it has left the page, so a focus given as it closes would be lost: wait for
// it to go (a few frames at most; give up after about five seconds), then focus the first selector found.
export function focusAfterDialog(...selectors) {
  let frames = 300;
  const attempt = () => {
    if (document.querySelector('.mud-dialog-container, .mud-dialog') && frames-- > 0) {
      requestAnimationFrame(attempt);
      return;
    }
    const target = selectors.map(s => document.querySelector(s)).find(e => e);
    if (target) target.focus();
  };
  attempt();
}
