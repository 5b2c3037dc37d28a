using System.Globalization;
using System.Text;
using CustomerHealth.Billing.Rejections;
using CustomerHealth.Billing.V1;
using CustomerHealth.ServiceDefaults.Validation;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Marten;

namespace CustomerHealth.Billing.RecordingRevenue;

public sealed partial class BillingGrpcService
{
    public override async Task<ListRejectedEventsResponse> ListRejectedEvents(ListRejectedEventsRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        if (request.PageSize is < 0 or > 500)
        {
            violations.Add("page_size", "must be between 1 and 500 (0 means 50).");
        }

        var after = request.PageToken.Length == 0 ? null : PageToken.Parse(request.PageToken);
        if (request.PageToken.Length > 0 && after is null)
        {
            violations.Add("page_token", "is not a token this service issued.");
        }

        violations.ThrowIfAny();
        var size = request.PageSize == 0 ? 50 : request.PageSize;
        await using var session = store.QuerySession();
        var page = after is { } cursor
            ? await session.QueryAsync<RejectedRevenueEvent>(
                "where rejected_at < ? or (rejected_at = ? and id < ?) order by rejected_at desc, id desc limit ?",
                context.CancellationToken, cursor.At, cursor.At, cursor.Id, size + 1)
            : await session.QueryAsync<RejectedRevenueEvent>("order by rejected_at desc, id desc limit ?", context.CancellationToken, size + 1);
        var response = new ListRejectedEventsResponse();
        response.Events.AddRange(page.Take(size).Select(r => new RejectedEvent
        {
            Id = r.Id.ToString(),
            Channel = r.Channel,
            EventId = r.EventId ?? "",
            Reason = r.Reason,
            Payload = r.Payload,
            RejectedAt = Timestamp.FromDateTimeOffset(r.RejectedAt),
        }));
        if (page.Count > size)
        {
            var last = page[size - 1];
            response.NextPageToken = new PageToken(last.RejectedAt, last.Id).ToString();
        }

        return response;
    }

    /// <summary>Keyset paging position: the last row's (rejected_at, id).</summary>
    private sealed record PageToken(DateTimeOffset At, Guid Id)
    {
        public override string ToString() =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{At.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{Id:N}"));

        public static PageToken? Parse(string token)
        {
            try
            {
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('|');
                return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && Guid.TryParseExact(parts[1], "N", out var id)
                    ? new PageToken(new DateTimeOffset(ticks, TimeSpan.Zero), id)
                    : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
