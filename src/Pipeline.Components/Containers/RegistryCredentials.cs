namespace Pipeline.Components.Containers;

/// <summary>A registry login. Never printed: <see cref="ToString"/> masks the password.</summary>
public sealed record RegistryCredentials(string Username, string Password)
{
    /// <inheritdoc />
    public override string ToString() => $"{Username}:***";
}
