using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Aiguillage.Web.Platform.Security;

/// <summary>
/// A page handler that fewer roles may run than may open its page (issue 16 §1–2): a partner reads a referral but only
/// the office withdraws the consent; a manager reads an agreement but only an admin registers a book. Razor Pages
/// take <c>[Authorize]</c> on the page only, so the narrower rule is written on the handler and enforced by
/// <see cref="HandlerPolicyFilter"/> before the handler runs — a hidden button is never the protection. The access
/// matrix (tests, access-matrix.txt) calls every handler as every role, so a handler without its rule shows there.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class HandlerPolicyAttribute(string policy) : Attribute
{
    public string Policy { get; } = policy;
}

/// <summary>Runs the handler's <see cref="HandlerPolicyAttribute"/> policy; a refusal answers like the page's own (the forbidden page).</summary>
public sealed class HandlerPolicyFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod?.MethodInfo.GetCustomAttribute<HandlerPolicyAttribute>() is { } rule)
        {
            var authorization = context.HttpContext.RequestServices.GetRequiredService<IAuthorizationService>();
            if (!(await authorization.AuthorizeAsync(context.HttpContext.User, rule.Policy)).Succeeded)
            {
                context.Result = new ForbidResult();
                return;
            }
        }

        await next();
    }
}
