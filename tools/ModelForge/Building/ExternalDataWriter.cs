using System.Globalization;
using Onnx;

namespace LocalAi.ModelForge.Building;

/// <summary>
/// Appends initializer bytes to one <c>{graph}.onnx_data</c> file and points the tensor at them, the way the
/// official export stores every weight outside the protobuf.
/// </summary>
internal sealed class ExternalDataWriter : IDisposable
{
    // Large tensors start on a page boundary so ONNX Runtime can memory-map them instead of copying.
    private const long PageAlignment = 4096;
    private const long LargeTensorBytes = 1 << 20;
    private const long SmallAlignment = 64;

    private readonly FileStream _stream;
    private readonly string _location;

    public ExternalDataWriter(string dataFilePath)
    {
        _stream = new FileStream(dataFilePath, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20);
        _location = Path.GetFileName(dataFilePath);
    }

    public void Store(TensorProto tensor, ReadOnlySpan<byte> data)
    {
        var alignment = data.Length >= LargeTensorBytes ? PageAlignment : SmallAlignment;
        var padding = (alignment - (_stream.Position % alignment)) % alignment;
        for (var i = 0; i < padding; i++)
        {
            _stream.WriteByte(0);
        }

        var offset = _stream.Position;
        _stream.Write(data);
        tensor.DataLocation = TensorProto.Types.DataLocation.External;
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = _location });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(CultureInfo.InvariantCulture) });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = data.Length.ToString(CultureInfo.InvariantCulture) });
    }

    public void Dispose() => _stream.Dispose();
}
