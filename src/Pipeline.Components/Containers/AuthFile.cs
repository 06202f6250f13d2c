using System.Text;
using System.Text.Json;

namespace Pipeline.Components.Containers;

/// <summary>
/// Credentials for buildah in a containers auth.json readable by the owner only, deleted afterwards — never on the
/// command line, where other processes could read them.
/// </summary>
internal sealed class AuthFile : IDisposable
{
    private readonly string? path;

    private AuthFile(string? path) => this.path = path;

    public IReadOnlyList<string> Arguments => path is null ? [] : ["--authfile", path];

    public static AuthFile Create(string directory, string registry, RegistryCredentials? credentials)
    {
        if (credentials is null)
            return new AuthFile(null);
        var path = Path.Combine(directory, $"auth-{Guid.NewGuid():N}.json");
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}"));
        var content = JsonSerializer.Serialize(new Dictionary<string, object> { ["auths"] = new Dictionary<string, object> { [registry] = new { auth } } });
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, options))
            stream.Write(Encoding.UTF8.GetBytes(content));
        return new AuthFile(path);
    }

    public void Dispose()
    {
        if (path is not null && File.Exists(path))
            File.Delete(path);
    }
}
