namespace Aiguillage.Web.Platform.Web;

/// <summary>
/// A page other websites may show in a frame (a partner's or a town's site embedding the sessions, issue 21 §3): its
/// answer says <c>frame-ancestors *</c> instead of <c>'none'</c>, and no <c>X-Frame-Options</c>. Only anonymous,
/// read-only pages carry it: a framed page must hold no form and nothing of a signed-in user.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class FrameableAttribute : Attribute;
