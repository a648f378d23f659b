namespace LocalAi.ModelForge.Building;

/// <summary>One dimension of a graph input or output: a symbolic name or a fixed size.</summary>
internal readonly record struct Dim(string? Param, long Value)
{
    public static implicit operator Dim(string param) => new(param, 0);

    public static implicit operator Dim(long value) => new(null, value);

    public static implicit operator Dim(int value) => new(null, value);
}
