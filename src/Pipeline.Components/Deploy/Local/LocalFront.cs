using System.Diagnostics;
using System.Globalization;
using Pipeline.Build;
using Pipeline.Build.IO;

namespace Pipeline.Components.Deploy.Local;

/// <summary>
/// What answers on 127.0.0.1:&lt;local port&gt;: an nginx of ours proxying to the version that runs on a private port.
/// A redeploy points it at the new version with a graceful reload (the listening socket stays open, in-flight requests
/// finish on the old workers), so clients never see a refused connection. Like the local registry it is started when
/// first needed, outlives the build, and only a process we started is ever used or stopped: its pid is checked
/// against its command line. Each response names the version behind it in <see cref="BackendHeader"/>.
/// </summary>
internal sealed class LocalFront(string stateDirectory, int port)
{
    /// <summary>The response header naming the private port of the version that answered.</summary>
    public const string BackendHeader = "X-Pipeline-Backend";

    private string Directory { get; } = Path.Combine(stateDirectory, "front", port.ToString(CultureInfo.InvariantCulture));
    private string Config => Path.Combine(Directory, "nginx.conf");
    private string PidFile => Path.Combine(Directory, "nginx.pid");
    private string ErrorLog => Path.Combine(Directory, "error.log");

    /// <summary>The port it listens on.</summary>
    public int Port => port;

    /// <summary>Whether our nginx runs on this port.</summary>
    public bool IsRunning => MasterProcessId() is not null;

    /// <summary>
    /// Starts the front, or reloads it, so that new requests go to 127.0.0.1:<paramref name="backendPort"/>; returns
    /// once a request through it was answered by that version and the previous workers have finished.
    /// </summary>
    public async Task RouteAsync(int backendPort, string healthPath, IBuildLog log, CancellationToken cancellationToken)
    {
        var nginx = await NginxBinary.EnsureAsync(stateDirectory, cancellationToken);
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "temp"));
        AtomicFile.WriteAllText(Config, Configuration(backendPort));
        if (MasterProcessId() is { } master)
        {
            log.Info($"Switching 127.0.0.1:{port} to the new version (nginx reload; the listening socket stays open)");
            await Tooling.ProcessRunner.CaptureAsync(new Tooling.ToolCommand(nginx, ["-p", Directory, "-c", Config, "-e", ErrorLog, "-s", "reload"], Directory), cancellationToken);
            await WaitRoutedAsync(backendPort, healthPath, cancellationToken);
            await WaitOldWorkersAsync(master, cancellationToken);
            return;
        }

        log.Info($"Starting the local front on 127.0.0.1:{port} (nginx; ./build.sh Undeploy stops it)");
        await Tooling.OwnedProcess.StartDetachedAsync(log, $"exec '{nginx}' -p '{Directory}' -c '{Config}' -e '{ErrorLog}' < /dev/null >> '{ErrorLog}' 2>&1", Directory, cancellationToken);
        await WaitRoutedAsync(backendPort, healthPath, cancellationToken);
    }

    /// <summary>Stops our nginx on this port, if it runs; true when it did.</summary>
    public bool Stop()
    {
        var stopped = MasterProcessId() is { } pid && Tooling.OwnedProcess.Kill(pid); // the tree: the workers too

        if (System.IO.Directory.Exists(Directory))
            System.IO.Directory.Delete(Directory, recursive: true);
        return stopped;
    }

    /// <summary>Every front of ours under the state directory.</summary>
    public static IEnumerable<LocalFront> All(string stateDirectory)
    {
        var root = Path.Combine(stateDirectory, "front");
        return System.IO.Directory.Exists(root)
            ? System.IO.Directory.GetDirectories(root).Select(Path.GetFileName)
                .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 0)
                .Where(number => number > 0).Select(number => new LocalFront(stateDirectory, number)).ToList()
            : [];
    }

    private string Configuration(int backendPort)
    {
        var temp = Path.Combine(Directory, "temp");
        return $$"""
            daemon off;
            worker_processes 1;
            pid {{PidFile}};
            error_log {{ErrorLog}} warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                keepalive_timeout 0; # a reload closes idle client connections; one racing a request would fail it, a fresh connection per request cannot
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
                upstream version { server 127.0.0.1:{{backendPort}}; keepalive 16; }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://version;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $remote_addr;
                        add_header {{BackendHeader}} {{backendPort}} always;
                    }
                }
            }
            """;
    }

    private async Task WaitRoutedAsync(int backendPort, string healthPath, CancellationToken cancellationToken)
    {
        var url = new Uri($"http://127.0.0.1:{port}{healthPath}");
        var expected = backendPort.ToString(CultureInfo.InvariantCulture);
        var logFrom = File.Exists(ErrorLog) ? new FileInfo(ErrorLog).Length : 0; // what this start or reload writes, not earlier runs
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (NewLogText(logFrom) is { } written && written.Contains("Address already in use", StringComparison.Ordinal))
                throw new DeploymentFailedException(DeployOutcome.Failed,
                    $"127.0.0.1:{port} is in use by another process (another deploy that started at the same moment, or another service), so the front could not take it: stop that one, or deploy on another port with --local-port.");
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(TimeSpan.FromSeconds(2)); // something that accepts and never answers must not hold the loop
                using var response = await SharedHttp.Probe.GetAsync(url, attempt.Token);
                if (response.IsSuccessStatusCode && response.Headers.TryGetValues(BackendHeader, out var values) && values.Contains(expected))
                    return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // no answer in time: ask again (and read the log again)
            }

            await Task.Delay(50, cancellationToken);
        }

        var errors = File.Exists(ErrorLog) ? string.Join('\n', File.ReadLines(ErrorLog).TakeLast(5)) : "(no error log)";
        throw new DeploymentFailedException(DeployOutcome.Failed, $"The local front (nginx on 127.0.0.1:{port}) did not route to the new version within 15 s; its log ({ErrorLog}):\n{errors}");
    }

    private string? NewLogText(long from)
    {
        try
        {
            using var stream = new FileStream(ErrorLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (stream.Length <= from)
                return null;
            stream.Position = from;
            return new StreamReader(stream).ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>After a reload the old worker finishes its requests, then exits: wait for it (at most 10 s), so that the old version is retired idle.</summary>
    private static async Task WaitOldWorkersAsync(int master, CancellationToken cancellationToken)
    {
        var children = $"/proc/{master}/task/{master}/children";
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(10) && File.Exists(children)
               && File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 1)
            await Task.Delay(50, cancellationToken);
    }

    /// <summary>The pid in the pid file, if that process is an nginx master serving our configuration (nginx rewrites its arguments into one line).</summary>
    private int? MasterProcessId() =>
        Tooling.OwnedProcess.Find(PidFile, arguments => string.Join(' ', arguments) is var line && line.Contains("nginx", StringComparison.Ordinal) && line.Contains(Config, StringComparison.Ordinal));
}
