namespace Aiguillage.Web.Platform.Web;

/// <summary>
/// A check an area runs on every request once the user is known, before authorization (an extension point, like
/// daily jobs: Platform runs the gates and never names the area). A gate that answers ends the request; the answer
/// then looks like any other (a 404 renders the usual « page introuvable »).
/// </summary>
public interface IRequestGate
{
    /// <summary>True when the gate answered the request itself (status set); false to let it through.</summary>
    ValueTask<bool> StopAsync(HttpContext context);
}

/// <summary>
/// Whether this request's pages show the staff's chrome (header, menus, account links). A gate hides it on a device
/// handed to a client, so that even an error page carries no staff link.
/// </summary>
public static class PageChrome
{
    private const string HiddenKey = "aiguillage.staff-chrome-hidden";

    public static void HideStaffChrome(HttpContext context) => context.Items[HiddenKey] = true;

    public static bool StaffChromeHidden(HttpContext context) => context.Items.ContainsKey(HiddenKey);

    public static IApplicationBuilder UseRequestGates(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        foreach (var gate in context.RequestServices.GetServices<IRequestGate>())
        {
            if (await gate.StopAsync(context))
            {
                return;
            }
        }

        await next();
    });
}
