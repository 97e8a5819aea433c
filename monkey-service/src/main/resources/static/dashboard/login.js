// The sign-in form must carry the session's CSRF token; a static page asks for it.
(function () {
  'use strict';
  const params = new URLSearchParams(window.location.search);
  document.getElementById('login-error').hidden = !params.has('error');
  document.getElementById('login-out').hidden = !params.has('signed-out');
  const form = document.getElementById('login-form');
  const button = document.getElementById('sign-in');
  button.disabled = true;
  fetch('/login/csrf', { credentials: 'same-origin' })
    .then((response) => response.json())
    .then((csrf) => {
      const input = document.getElementById('csrf');
      input.name = csrf.name;
      input.value = csrf.token;
      button.disabled = false;
      form.dataset.ready = 'true';
    })
    .catch(() => {
      document.getElementById('login-error').textContent = 'Cannot reach monkey-service; reload to try again.';
      document.getElementById('login-error').hidden = false;
    });
})();
