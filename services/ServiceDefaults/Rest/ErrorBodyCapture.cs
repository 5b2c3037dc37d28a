using Microsoft.AspNetCore.Http;

namespace CustomerHealth.ServiceDefaults.Rest;

/// <summary>
/// A response stream that decides at the first write: an error status is buffered (to be rewritten),
/// anything else is passed straight through, so streaming responses are not held back.
/// </summary>
internal sealed class ErrorBodyCapture(HttpContext context, Stream inner) : Stream
{
    private MemoryStream? _buffer;
    private bool _decided;

    public byte[]? Captured => _buffer?.ToArray();

    private Stream Target
    {
        get
        {
            if (!_decided)
            {
                _decided = true;
                if (context.Response.StatusCode >= 400)
                {
                    _buffer = new MemoryStream();
                }
            }

            return _buffer ?? inner;
        }
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Target.Write(buffer, offset, count);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Target.WriteAsync(buffer, offset, count, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        Target.WriteAsync(buffer, cancellationToken);

    public override void Flush()
    {
        if (_buffer is null && _decided)
        {
            inner.Flush();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        _buffer is null && _decided ? inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
