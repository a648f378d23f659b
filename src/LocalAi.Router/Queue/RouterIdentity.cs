namespace LocalAi.Router.Queue;

/// <summary>
/// The router's lasting name as a job owner, kept in <c>&lt;DataDirectory&gt;/router-id</c>, so that after a crash the
/// restarted router recognises the jobs it was running and takes them back.
/// </summary>
internal static class RouterIdentity
{
    public static string LoadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "router-id");
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(dataDirectory);
        var id = Environment.MachineName + "-" + Guid.NewGuid().ToString("N")[..12];
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temporary, id);
        try
        {
            // Two routers starting together over one folder: the first to land wins and both use its name.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }

        return File.ReadAllText(path).Trim();
    }
}
