// htmx requests carry the antiforgery token from the page's meta tag or hidden field.
document.addEventListener("htmx:configRequest", function (e) {
    var field = document.querySelector("input[name='__RequestVerificationToken']");
    if (field) { e.detail.headers["RequestVerificationToken"] = field.value; }
});
