// Reload the import progress page every few seconds until the import has finished.
if (document.querySelector("[data-spend-refresh]")) {
  window.setTimeout(function () {
    window.location.reload();
  }, 3000);
}
