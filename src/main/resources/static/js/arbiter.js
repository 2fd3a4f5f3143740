// Small page behaviour shared by every page: CSRF header for htmx and fetch, and live countdowns to due times.
(function () {
  function csrf() {
    var header = document.querySelector('meta[name="csrf-header"]');
    var token = document.querySelector('meta[name="csrf-token"]');
    return header && token ? {header: header.content, token: token.content} : null;
  }
  window.arbiter = window.arbiter || {};
  window.arbiter.csrf = csrf;

  document.addEventListener('htmx:configRequest', function (event) {
    var token = csrf();
    if (token) { event.detail.headers[token.header] = token.token; }
  });

  // An element with data-unless-typing does not poll while the person is typing in a field (it would reload the page).
  document.addEventListener('htmx:beforeRequest', function (event) {
    var typing = document.activeElement && document.activeElement.matches('input, textarea, select');
    if (typing && event.detail.elt.hasAttribute('data-unless-typing')) { event.preventDefault(); }
  });

  // A form with data-confirm asks before it is sent (withdrawing a dispute cannot be undone).
  document.addEventListener('submit', function (event) {
    var question = event.target.getAttribute && event.target.getAttribute('data-confirm');
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });

  // <time class="countdown" datetime="2026-03-07T10:00:00Z"> shows "in 3 days" in the page's language.
  function updateCountdowns() {
    var lang = document.documentElement.lang || 'en';
    var format = window.Intl && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat(lang, {numeric: 'auto'}) : null;
    var now = window.arbiter.now ? window.arbiter.now() : Date.now();
    document.querySelectorAll('time.countdown').forEach(function (element) {
      var due = Date.parse(element.getAttribute('datetime'));
      if (isNaN(due) || !format) { return; }
      var seconds = Math.round((due - now) / 1000);
      var units = [['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];
      for (var i = 0; i < units.length; i++) {
        if (Math.abs(seconds) >= units[i][1] || units[i][0] === 'second') {
          element.textContent = format.format(Math.round(seconds / units[i][1]), units[i][0]);
          break;
        }
      }
      element.classList.toggle('overdue', seconds < 0);
    });
  }
  // The server's clock may differ from the browser's (the demo clock can be moved): pages pass it in data-now.
  document.addEventListener('DOMContentLoaded', function () {
    var serverNow = document.body.getAttribute('data-now');
    if (serverNow) {
      var offset = Date.parse(serverNow) - Date.now();
      window.arbiter.now = function () { return Date.now() + offset; };
    }
    updateCountdowns();
    setInterval(updateCountdowns, 30000);
  });
  document.addEventListener('htmx:afterSwap', updateCountdowns);

  // The header's pages: behind "Menu" on a phone, open wider (where arbiter.css hides "Menu" and shows them anyway),
  // so that no browser or screen reader takes them for the closed content of a disclosure.
  var wide = window.matchMedia && window.matchMedia('(min-width: 40.0625rem)');
  function placeMenu() {
    document.querySelectorAll('details.site-menu').forEach(function (menu) { menu.open = wide.matches; });
  }
  if (wide) {
    document.addEventListener('DOMContentLoaded', placeMenu);
    wide.addEventListener('change', placeMenu);
  }
})();
