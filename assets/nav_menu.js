/* On a phone the menu folds away once a page is chosen from it.
 *
 * The menu's links move inside the app without a reload (Dash's links), so the unfolded menu
 * stayed open above the page just chosen and covered its heading until folded by hand. A choice
 * from the unfolded menu now folds it, through its own toggle button (which keeps the menu's
 * state where it belongs). On wide screens the menu is not folded and nothing happens.
 */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    const link = event.target instanceof Element
      ? event.target.closest(".navbar-collapse.show a[href]")
      : null;
    const navbar = link ? link.closest(".navbar") : null;
    const toggle = navbar ? navbar.querySelector(".navbar-toggler") : null;
    if (toggle && toggle.offsetParent !== null) {
      toggle.click();
    }
  });
})();
