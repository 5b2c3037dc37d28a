using System.Text;
using CustomerHealth.Scoring.V1;

namespace CustomerHealth.Scoring.Accounts;

/// <summary>
/// Reads the account import CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF) with the header
/// account_id,name,segment,owner_csm,licensed_seats,renewal_date,parent_account_id (any order; extra columns ignored).
/// </summary>
public static class AccountCsv
{
    public static readonly IReadOnlyList<string> Columns = ["account_id", "name", "segment", "owner_csm", "licensed_seats", "renewal_date", "parent_account_id"];

    public sealed record Row(int Line, UpsertAccountRequest? Request, string? Field, string? Problem);

    public static IEnumerable<Row> Read(string csv, string updatedBy)
    {
        var records = Parse(csv).ToList();
        if (records.Count == 0)
        {
            yield break;
        }

        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var index = Columns.ToDictionary(c => c, c => header.IndexOf(c));
        if (index["account_id"] < 0 || index["name"] < 0)
        {
            yield return new Row(1, null, "header", "needs at least the columns account_id and name");
            yield break;
        }

        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            string Get(string column) => index[column] >= 0 && index[column] < fields.Count ? fields[index[column]].Trim() : "";
            var request = new UpsertAccountRequest
            {
                AccountId = Get("account_id"), Name = Get("name"), Segment = Get("segment"), OwnerCsm = Get("owner_csm"),
                RenewalDate = Get("renewal_date"), ParentAccountId = Get("parent_account_id"), UpdatedBy = updatedBy,
            };
            var seats = Get("licensed_seats");
            if (seats.Length > 0)
            {
                if (!int.TryParse(seats, out var n))
                {
                    yield return new Row(line, null, "licensed_seats", $"'{seats}' is not a whole number");
                    continue;
                }

                request.LicensedSeats = n;
            }

            yield return new Row(line, request, null, null);
        }
    }

    private static IEnumerable<(int Line, List<string> Fields)> Parse(string csv)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var line = 1;
        var recordLine = 1;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                yield return (recordLine, fields);
                fields = [];
                line++;
                recordLine = line;
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (recordLine, fields);
        }
    }
}
