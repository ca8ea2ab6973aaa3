using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Errors;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Territories;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aiguillage.Web.Platform;

/// <summary>The pieces every feature stands on (issue 2 §6), wired once. It names no feature: each area adds itself (docs/adr/0021).</summary>
public static class PlatformSetup
{
    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        // Pages in UTF-8 as written (« é », « » », no-break spaces), not as character references: smaller pages, and
        // the typography of every page (FrenchTypography) reads the text it changes. < > & " ' are still escaped.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        if (!builder.Environment.IsDevelopment())
        {
            // Structured logs: one JSON object per line, request logs stay at Warning (appsettings.json).
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        services.AddAppDatabase(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddSingleton(TimeProvider.System);
        // Read at start (~0.1 s). Reading it at first use was tried for issue 23 §6 and dropped: the background
        // runner's first pass needs it anyway, and a missing Content/territories would no longer stop the start.
        services.AddSingleton(new TerritoryDirectory(builder.Environment.ContentRootPath));
        services.AddHttpContextAccessor();
        services.AddScoped<Audit.AuditLog>();
        services.AddScoped<Web.Submissions>();
        services.AddScoped<ScopeService>();
        services.AddScoped<SignInThrottle>();
        services.AddScoped<Notifications.IDailyJob, SignInThrottlePurge>();
        // Notifications (issue 6): outbox rows sent by a background runner, through SMTP when configured, else as files.
        var mail = builder.Configuration.GetSection("Mail").Get<Notifications.MailOptions>() ?? new Notifications.MailOptions();
        mail.BaseUrl = Notifications.MailOptions.ResolveBaseUrl(builder.Configuration, builder.Environment.IsDevelopment());
        services.AddSingleton(mail);
        services.AddSingleton<Notifications.IMailSender>(string.IsNullOrWhiteSpace(mail.Smtp.Host)
            ? new Notifications.FileMailSender(mail, Path.Combine(builder.Environment.ContentRootPath, mail.OutboxFolder))
            : new Notifications.SmtpMailSender(mail));
        // SMS (issue 20 §1), configured the same way: the provider's HTTP API when its key is set, else files.
        var sms = builder.Configuration.GetSection("Sms").Get<Notifications.SmsOptions>() ?? new Notifications.SmsOptions();
        services.AddSingleton(sms);
        if (sms.HasProvider)
        {
            services.AddHttpClient(Notifications.HttpSmsSender.ClientName, c => c.Timeout = TimeSpan.FromSeconds(20));
            services.AddSingleton<Notifications.ISmsSender>(sp => new Notifications.HttpSmsSender(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(Notifications.HttpSmsSender.ClientName), sms));
        }
        else
        {
            services.AddSingleton<Notifications.ISmsSender>(new Notifications.FileSmsSender(sms, Path.Combine(builder.Environment.ContentRootPath, sms.OutboxFolder)));
        }

        services.AddScoped<Notifications.OutboxDispatcher>();
        services.AddScoped<Notifications.JobScheduler>();
        if (builder.Configuration.GetValue("Mail:Runner", true))
        {
            services.AddHostedService<Notifications.BackgroundRunner>();
        }

        var security = builder.Configuration.GetSection("Security").Get<SecurityOptions>() ?? new SecurityOptions();
        services.AddSingleton(security);
        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                // NIST SP 800-63B / ANSSI: length over composition rules, no forced rotation.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                // Passwords are throttled by SignInThrottle (issue 16 §13): a growing delay per typed address and client
                // address, a lock from everywhere after a day's flood. Identity's lockout now counts only wrong
                // authenticator codes — which only someone who knows the password can type — for one minute.
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(1);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager<AppSignInManager>()
            .AddClaimsPrincipalFactory<AppClaimsFactory>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<OnceOnlyAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider)
            .AddErrorDescriber<FrenchIdentityErrorDescriber>();

        services.AddTrustedProxies(builder.Configuration);

        // No « Server: Kestrel » in the answers (issue 16 §16): it tells an attacker what to look up, and nobody else needs it.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.AddServerHeader = false);

        // Identity rebuilds the principal every 10 minutes; SessionValidator checks the stamp at every request, so
        // disabling an account or changing its scope ends its sessions at once.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(10));
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "aiguillage.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = "/connexion";
            o.LogoutPath = "/deconnexion";
            o.AccessDeniedPath = "/acces-refuse";
            o.ExpireTimeSpan = security.IdleTimeout;
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = SessionValidator.ValidateAsync;
            o.Events.OnCheckSlidingExpiration = SessionValidator.CheckSlidingAsync;
            o.Events.OnRedirectToLogin = context => ApiOrRedirect(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => ApiOrRedirect(context, StatusCodes.Status403Forbidden);
        });

        // Session ends and code checks follow the app's clock (a test host moves it forward).
        foreach (var scheme in new[] { IdentityConstants.ApplicationScheme, IdentityConstants.TwoFactorUserIdScheme })
        {
            services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(scheme)
                .Configure<TimeProvider>((o, clock) => o.TimeProvider = clock);
        }

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.PartnerStaff, p => p.RequireRole(Roles.PartnerStaff))
            .AddPolicy(Policies.Mediator, p => p.RequireRole(Roles.Mediator))
            .AddPolicy(Policies.PartnerManager, p => p.RequireRole(Roles.PartnerStaff, Roles.Admin))
            .AddPolicy(Policies.Steering, p => p.RequireRole(Roles.Manager, Roles.Admin))
            .AddPolicy(Policies.OfficeReader, p => p.RequireRole(Roles.Mediator, Roles.Manager, Roles.Admin))
            .AddPolicy(Policies.DiagnosticWriter, p => p.RequireRole(Roles.Mediator, Roles.Admin))
            .AddPolicy(Policies.ClientRecords, p => p.RequireRole(Roles.Mediator, Roles.Admin))
            .AddPolicy(Policies.ReferralReader, p => p.RequireRole(Roles.Mediator, Roles.PartnerStaff, Roles.Admin));

        var keys = services.AddDataProtection().SetApplicationName("Aiguillage").PersistKeysToDbContext<AppDbContext>();
        if (builder.Configuration["DataProtection:CertificatePath"] is { Length: > 0 } certificate)
        {
            // The keys that protect sessions and antiforgery tokens are stored encrypted: a copy of the database (or of
            // a backup) no longer lets anyone forge a session. Without a certificate they are stored in clear (a warning at start).
            var loaded = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                Path.Combine(builder.Environment.ContentRootPath, certificate), builder.Configuration["DataProtection:CertificatePassword"]);
            keys.ProtectKeysWithCertificate(loaded).UnprotectKeysWithAnyCertificate(loaded);
        }
        services.AddAntiforgery(o => o.Cookie.Name = "aiguillage.antiforgery");

        services.AddRateLimits(builder.Configuration);

        // Areas add their own policies (Steering's open data).
        services.AddOutputCache();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // Answers without a body of their own (401, 403, 404, 405, 415…) get a French title.
            var problem = context.ProblemDetails;
            if (problem.Title == "One or more validation errors occurred.")
            {
                // ASP.NET's default title of a validation problem (issue 15 §7): French, like every other answer.
                problem.Title = problem.Status == 422 ? "Données refusées" : "Requête invalide";
            }

            if (problem.Status is { } status && problem.Title == Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status))
            {
                problem.Title = status switch
                {
                    400 => "Requête invalide",
                    401 => "Connexion requise",
                    403 => "Accès refusé",
                    404 => "Introuvable",
                    405 => "Méthode non permise",
                    413 => "Contenu trop volumineux",
                    415 => "Type de contenu non accepté",
                    429 => "Trop de demandes",
                    _ => problem.Title,
                };
            }
        });

        // A body an endpoint cannot read throws, so that the exception handler answers in French with the field.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi(Web.OpenApiContract.Configure);
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: ["ready"]);
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            o.Conventions.ConfigureFilter(new HandlerPolicyFilter());
            o.Conventions.ConfigureFilter(new Web.RefusedFormStatusFilter());
            o.Conventions.ConfigureFilter(new Web.FormInputGuard());
        }).AddMvcOptions(o =>
        {
            // Binding errors (a date that is not a date, a choice that does not exist) in French, like every other message.
            var messages = o.ModelBindingMessageProvider;
            messages.SetValueIsInvalidAccessor(v => $"La valeur « {v} » n'est pas valide.");
            messages.SetAttemptedValueIsInvalidAccessor((v, _) => $"La valeur « {v} » n'est pas valide.");
            messages.SetNonPropertyAttemptedValueIsInvalidAccessor(v => $"La valeur « {v} » n'est pas valide.");
            messages.SetUnknownValueIsInvalidAccessor(_ => "La valeur saisie n'est pas valide.");
            messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => "La valeur saisie n'est pas valide.");
            messages.SetValueMustBeANumberAccessor(_ => "Indiquez un nombre.");
            messages.SetNonPropertyValueMustBeANumberAccessor(() => "Indiquez un nombre.");
            messages.SetValueMustNotBeNullAccessor(_ => "Ce champ est obligatoire.");
            messages.SetMissingBindRequiredValueAccessor(_ => "Ce champ est obligatoire.");
            messages.SetMissingKeyOrValueAccessor(() => "Ce champ est obligatoire.");
            messages.SetMissingRequestBodyRequiredValueAccessor(() => "Le contenu de la requête est vide.");
        });
        return builder;
    }

    public static WebApplication UsePlatform(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        // Issue 22: a database away (failover) answers 503 at once, with no page that needs the database.
        app.UseDatabaseUnavailable();
        app.UseReadYourWrites();
        app.UseWhen(c => !IsApi(c.Request), page => page.UseStatusCodePagesWithReExecute("/erreur/{0}"));
        // API answers without a body (401, 403, 405, 415…) get one in application/problem+json.
        app.UseWhen(c => IsApi(c.Request), api => api.UseStatusCodePages());
        app.UseFrenchTypography();   // after the error handlers: their re-executed pages pass through it too
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(ParisTime.French),
            SupportedCultures = [ParisTime.French],
            SupportedUICultures = [ParisTime.French],
        });
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseRequestGates();   // before authorization: a gate's 404 must look like a missing page, not a 403
        app.UseTwoFactorEnrolment();
        app.UseRateLimiter();   // after authentication: the API is limited per account
        app.UseAuthorization();
        app.UseOutputCache();
        app.UseAntiforgery();

        // A probe is nobody's activity: it never renews a session cookie it happens to carry (issue 23 §2).
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous().WithMetadata(new BackgroundRequestAttribute());
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready"), ResultStatusCodes = { [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable } })
            .AllowAnonymous().WithMetadata(new BackgroundRequestAttribute());
        app.MapOpenApi().AllowAnonymous();

        // The idle warning's « stay signed in »: any signed-in request renews the session; this one only says so.
        app.MapGet("/compte/session", (HttpContext context, SecurityOptions security) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(new { expiresInSeconds = (int)security.IdleTimeout.TotalSeconds });
        }).ExcludeFromDescription();
        app.MapRazorPages();
        return app;
    }

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    private static Task ApiOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (IsApi(context.Request))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
