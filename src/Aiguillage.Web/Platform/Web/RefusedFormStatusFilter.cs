using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Platform.Web;

/// <summary>
/// A form sent back with errors answers 422, not 200 (DEVELOPERS rule 4: bad input gets a 4xx naming the field): the
/// page is shown again with its error summary, and a script or a proxy can tell a refused form from a saved one.
/// Pages that set their own status (404, 409…) keep it.
/// </summary>
public sealed class RefusedFormStatusFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            && executed.Result is PageResult && !context.ModelState.IsValid && http.Response.StatusCode == StatusCodes.Status200OK)
        {
            http.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
    }
}
