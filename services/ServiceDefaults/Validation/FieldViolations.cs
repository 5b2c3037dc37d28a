using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace CustomerHealth.ServiceDefaults.Validation;

/// <summary>Collects every invalid field of a request, so the caller learns all problems in one answer.</summary>
public sealed class FieldViolations
{
    private readonly List<BadRequest.Types.FieldViolation> _violations = [];

    public bool IsEmpty => _violations.Count == 0;

    public IReadOnlyList<BadRequest.Types.FieldViolation> Items => _violations;

    public FieldViolations Add(string field, string description)
    {
        _violations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });
        return this;
    }

    /// <summary>INVALID_ARGUMENT carrying google.rpc.BadRequest with one field violation per problem.</summary>
    public RpcException ToRpcException(string message = "The request has invalid fields.")
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = $"{message} {string.Join("; ", _violations.Select(v => $"{v.Field}: {v.Description}"))}",
            Details = { Any.Pack(new BadRequest { FieldViolations = { _violations } }) },
        };
        return status.ToRpcException();
    }

    public void ThrowIfAny()
    {
        if (!IsEmpty)
        {
            throw ToRpcException();
        }
    }

    public override string ToString() => string.Join("; ", _violations.Select(v => $"{v.Field}: {v.Description}"));
}
