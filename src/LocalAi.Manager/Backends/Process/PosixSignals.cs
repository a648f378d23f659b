using System.Runtime.InteropServices;

namespace LocalAi.Manager.Backends.Process;

// .NET can only SIGKILL a process; a graceful stop needs SIGTERM, and to a whole process group so that the children
// of a wrapper script stop too.
internal static partial class PosixSignals
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    public static void Terminate(int pid) => _ = Kill(pid, SigTerm);

    public static void TerminateGroup(int groupId) => _ = Kill(-groupId, SigTerm);

    public static void KillProcess(int pid) => _ = Kill(pid, SigKill);

    public static void KillGroup(int groupId) => _ = Kill(-groupId, SigKill);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Kill(int pid, int signal);
}
