namespace LocalAi.Deploy.Tests.Support;

/// <summary>The project published into the image and the executable it becomes in <c>/app</c>.</summary>
internal sealed record DeployedApp(string Project, string Executable)
{
    public static DeployedApp Server { get; } = new(Repository.ServerProject, "LocalAi.TtsServer");

    /// <summary>Stands in for the server until it is on this branch, so the image pipeline is tested either way.</summary>
    public static DeployedApp StandIn { get; } = new("src/LocalAi.Cli/LocalAi.Cli.csproj", "localai");

    /// <summary>The server when this branch has it, else the stand-in.</summary>
    public static DeployedApp Current => Repository.HasServer ? Server : StandIn;
}
