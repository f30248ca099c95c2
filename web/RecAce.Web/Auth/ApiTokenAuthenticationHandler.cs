using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace RecAce.Web.Auth;

/// <summary>Authenticates <c>Authorization: Bearer &lt;api token&gt;</c>. A token owned by a user gets that user's extensions.</summary>
internal sealed class ApiTokenAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "ApiToken";
    private readonly ApiTokenStore _tokens;
    private readonly UserStore _users;

    public ApiTokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenStore tokens, UserStore users)
        : base(options, logger, encoder)
    {
        _tokens = tokens;
        _users = users;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var found = await _tokens.ValidateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (found is not { } token) return AuthenticateResult.Fail("Unknown, revoked or expired API token.");
        string? extensions = null;
        if (token.UserName is { } owner)
        {
            // A token dies with its owner's account.
            var user = await _users.FindAsync(owner, Context.RequestAborted);
            if (user is null || user.Disabled) return AuthenticateResult.Fail("The token's user is disabled.");
            extensions = user.Extensions;
        }

        var identity = RecAceClaims.Identity("token:" + token.Name, token.Role, extensions, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
