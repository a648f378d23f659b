namespace LocalAi.Deploy.Tests.Support;

/// <summary>The project published into the image and the executable it becomes in <c>/app</c>.</summary>
internal sealed record DeployedApp(string Project, string Executable)
{
    public static DeployedApp Server { get; } = new(Repository.ServerProject, "LocalAi.TtsServer");
}
