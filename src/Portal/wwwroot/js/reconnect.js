// The reconnect dialog (Components/Layout/ReconnectModal.razor). Blazor marks each state with a class
// (the CSS shows the matching text) and raises components-reconnect-state-changed; this opens the
// dialog modally, so focus stays in it and returns where it was when the connection comes back.
(() => {
  const dialog = document.getElementById("components-reconnect-modal");
  if (!dialog) {
    return;
  }
  const reload = document.getElementById("reconnect-reload");
  const resume = document.getElementById("reconnect-resume");

  dialog.addEventListener("components-reconnect-state-changed", event => {
    const state = event.detail.state;
    if (state === "hide") {
      document.removeEventListener("visibilitychange", retryWhenVisible);
      if (dialog.open) {
        dialog.close();
      }
      return;
    }
    if (!dialog.open) {
      dialog.showModal();
    }
    if (state === "failed") {
      // Out of attempts: try again when the customer comes back to the tab.
      document.addEventListener("visibilitychange", retryWhenVisible);
    }
    if (state === "failed" || state === "rejected" || state === "resume-failed") {
      reload.focus();
    } else if (state === "paused") {
      resume.focus();
    }
  });

  // A page that cannot work must not look like one that can: Escape does not dismiss it.
  dialog.addEventListener("cancel", event => event.preventDefault());

  reload.addEventListener("click", () => location.reload());

  resume.addEventListener("click", async () => {
    try {
      if (!await Blazor.resumeCircuit()) {
        location.reload();
      }
    } catch {
      location.reload();
    }
  });

  async function retryWhenVisible() {
    if (document.visibilityState !== "visible") {
      return;
    }
    try {
      // false: the server answered but no longer has this page's state.
      if (!await Blazor.reconnect()) {
        location.reload();
      }
    } catch {
      // Still unreachable: the dialog keeps saying so.
    }
  }
})();
