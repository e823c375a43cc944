// Registers the service worker and tells the page when a new build is ready. The page (Rust) shows the offer to
// reload and calls window.zichaApplyUpdate() when the user accepts.
if ('serviceWorker' in navigator) {
  let reloading = false;
  const announce = (registration) => {
    window.zichaApplyUpdate = () => registration.waiting?.postMessage('skip-waiting');
    window.dispatchEvent(new Event('zicha-update-ready'));
  };
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading || !window.zichaApplyUpdate) return;
    reloading = true;
    location.reload();
  });
  navigator.serviceWorker.register('./sw.js').then((registration) => {
    if (registration.waiting && navigator.serviceWorker.controller) announce(registration);
    registration.addEventListener('updatefound', () => {
      const installing = registration.installing;
      installing?.addEventListener('statechange', () => {
        if (installing.state === 'installed' && navigator.serviceWorker.controller) announce(registration);
      });
    });
  });
}
