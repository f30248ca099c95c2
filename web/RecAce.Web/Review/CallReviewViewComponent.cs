using Microsoft.AspNetCore.Mvc;

namespace RecAce.Web.Review;

/// <summary>The review block of the call detail page; also what the review POSTs return to htmx.</summary>
public sealed class CallReviewViewComponent : ViewComponent
{
    private readonly CallReviewStore _store;

    public CallReviewViewComponent(CallReviewStore store) => _store = store;

    public async Task<IViewComponentResult> InvokeAsync(Guid id, string? error = null)
    {
        var review = await _store.GetAsync(id, HttpContext.RequestAborted);
        ViewData["Error"] = error;
        return review is null ? Content("") : View(review);
    }
}
