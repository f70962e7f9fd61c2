// Presenting: arrow keys, Page Up/Down and the space bar move between slides while the
// full-screen presentation is open (the buttons do the work, so Dash sees ordinary clicks).
document.addEventListener("keydown", function (event) {
    const show = document.querySelector(".presentation-show.show");
    if (!show || event.altKey || event.ctrlKey || event.metaKey) {
        return;
    }
    const tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") {
        return;
    }
    const next = ["ArrowRight", "ArrowDown", "PageDown", " "].includes(event.key);
    const previous = ["ArrowLeft", "ArrowUp", "PageUp"].includes(event.key);
    if (!next && !previous) {
        return;
    }
    const button = document.getElementById(next ? "presentation-show-next" : "presentation-show-prev");
    if (button) {
        event.preventDefault();
        button.click();
    }
});
