using Google.Apis.Auth.OAuth2;

namespace Pipeline.Components.Cloud.Google;

/// <summary>Google.Apis.Auth's token interface over workload identity federation, so Cloud Storage takes keyless tokens like a key's; renewed five minutes before the hour they last.</summary>
internal sealed class WorkloadIdentityTokenAccess(CloudAccounts accounts) : ITokenAccess
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(55);
    private readonly Lock sync = new();
    private Task<(string Token, DateTimeOffset Until)>? current;

    public async Task<string> GetAccessTokenForRequestAsync(string? authUri = null, CancellationToken cancellationToken = default)
    {
        Task<(string Token, DateTimeOffset Until)> pending;
        lock (sync)
        {
            if (current is null || (current.IsCompleted && (!current.IsCompletedSuccessfully || current.Result.Until <= DateTimeOffset.UtcNow)))
                current = FetchAsync(cancellationToken);
            pending = current;
        }

        return (await pending).Token;
    }

    private async Task<(string Token, DateTimeOffset Until)> FetchAsync(CancellationToken cancellationToken) =>
        (await GoogleWorkloadIdentity.AccessTokenAsync(accounts, cancellationToken), DateTimeOffset.UtcNow + Lifetime);
}
