using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Aiguillage.Web.Platform.Web;

public static class ModelStateFields
{
    /// <summary>
    /// Moves the errors of a query value bound under a French name (« bureau ») to the id of its field (« Office »), so
    /// the error summary links to the field. Keys differ by more than case: ModelState compares them ignoring case.
    /// </summary>
    public static void MoveErrors(this ModelStateDictionary modelState, string boundName, string fieldId)
    {
        if (modelState.TryGetValue(boundName, out var entry) && entry.Errors.Count > 0)
        {
            var messages = entry.Errors.Select(e => e.ErrorMessage).ToList();
            modelState.Remove(boundName);
            messages.ForEach(m => modelState.AddModelError(fieldId, m));
        }
    }
}
