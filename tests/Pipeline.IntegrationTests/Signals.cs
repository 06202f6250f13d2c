using System.Runtime.InteropServices;

namespace Pipeline.IntegrationTests;

/// <summary>Signals sent with kill(2) directly: .NET has no API for SIGINT to another process.</summary>
internal static class Signals
{
    private const int SigInt = 2;

    /// <summary>Sends SIGINT (what Ctrl+C sends); 0 on success.</summary>
    public static int Interrupt(int processId) => Kill(processId, SigInt);

    [DllImport("libc", EntryPoint = "kill")] // blittable arguments: DllImport needs no generated marshalling (LibraryImport would need unsafe code)
    private static extern int Kill(int pid, int signal);
}
