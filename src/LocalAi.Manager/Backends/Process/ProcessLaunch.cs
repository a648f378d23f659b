using System.Diagnostics;

namespace LocalAi.Manager.Backends.Process;

// How a backend's command is run, without a shell: on Linux through `setsid` (its own process group, so a stop
// reaches the children of a wrapper script) and `setpriv --pdeathsig KILL` (util-linux: the kernel kills it when
// the manager dies, even by SIGKILL). Both exec in place, so the pid the manager sees is the backend's.
internal static class ProcessLaunch
{
    private static readonly string? SetSid = OperatingSystem.IsWindows() ? null : ExecutableSearch.Find("setsid");
    private static readonly string? SetPriv = OperatingSystem.IsLinux() ? ExecutableSearch.Find("setpriv") : null;

    /// <summary>Whether the backend leads its own process group (signals go to the group).</summary>
    public static bool OwnGroup => SetSid is not null;

    public static ProcessStartInfo Create(string program, ProcessBackendConfig config)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = config.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        List<string> command = [];
        if (SetSid is not null)
        {
            command.Add(SetSid);
        }

        if (SetPriv is not null)
        {
            command.AddRange([SetPriv, "--pdeathsig", "KILL", "--"]);
        }

        command.Add(program);
        command.AddRange(config.Args);
        info.FileName = command[0];
        foreach (var arg in command.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in config.Env)
        {
            info.Environment[name] = value;
        }

        return info;
    }
}
