namespace ProjectScout.Model.Environments;

/// <summary>
/// Validates Quartz cron expressions as the Databricks Jobs API accepts them:
/// seconds minutes hours day-of-month month day-of-week [year], with exactly one of the two day fields '?'.
/// </summary>
public static class QuartzCron
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    /// <summary>Null when the expression is valid; otherwise what is wrong with it.</summary>
    public static string? Explain(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is < 6 or > 7)
        {
            return $"has {fields.Length} fields; a Quartz cron expression has 6 or 7 (seconds minutes hours day-of-month month day-of-week [year]), e.g. '0 0 6 * * ?'.";
        }

        var dayOfMonth = fields[3];
        var dayOfWeek = fields[5];
        if ((dayOfMonth == "?") == (dayOfWeek == "?"))
        {
            return "must have '?' in exactly one of day-of-month (field 4) and day-of-week (field 6).";
        }

        return Field(fields[0], "seconds", 0, 59, null)
               ?? Field(fields[1], "minutes", 0, 59, null)
               ?? Field(fields[2], "hours", 0, 23, null)
               ?? (dayOfMonth == "?" ? null : Field(dayOfMonth, "day-of-month", 1, 31, null, allowLastAndWeekday: true))
               ?? Field(fields[4], "month", 1, 12, Months)
               ?? (dayOfWeek == "?" ? null : Field(dayOfWeek, "day-of-week", 1, 7, Days, allowLastAndNth: true))
               ?? (fields.Length == 7 ? Field(fields[6], "year", 1970, 2199, null) : null);
    }

    public static bool IsValid(string expression) => Explain(expression) is null;

    private static string? Field(string field, string name, int min, int max, string[]? names,
        bool allowLastAndWeekday = false, bool allowLastAndNth = false)
    {
        foreach (var part in field.Split(','))
        {
            if (part.Length == 0)
            {
                return $"has an empty list item in the {name} field.";
            }

            if (part == "*")
            {
                continue;
            }

            if (allowLastAndWeekday && (part is "L" or "LW" || part.EndsWith('W') || part.StartsWith("L-", StringComparison.Ordinal)))
            {
                var number = part.TrimStart('L', '-').TrimEnd('W');
                if (number.Length == 0 || (int.TryParse(number, out var day) && day >= min && day <= max))
                {
                    continue;
                }

                return $"has '{part}' in the {name} field.";
            }

            if (allowLastAndNth && part.Contains('#'))
            {
                var pieces = part.Split('#');
                if (pieces.Length == 2 && Value(pieces[0], min, max, names) is not null && int.TryParse(pieces[1], out var nth) && nth is >= 1 and <= 5)
                {
                    continue;
                }

                return $"has '{part}' in the {name} field; use weekday#n with n from 1 to 5.";
            }

            if (allowLastAndNth && part.EndsWith('L') && (part == "L" || Value(part[..^1], min, max, names) is not null))
            {
                continue;
            }

            var stepParts = part.Split('/');
            if (stepParts.Length > 2 || (stepParts.Length == 2 && (!int.TryParse(stepParts[1], out var step) || step < 1 || step > max)))
            {
                return $"has a bad step '{part}' in the {name} field.";
            }

            var range = stepParts[0];
            if (range == "*")
            {
                continue;
            }

            var bounds = range.Split('-');
            if (bounds.Length > 2 || bounds.Any(b => Value(b, min, max, names) is null))
            {
                return $"has '{part}' in the {name} field; values run from {(names is null ? min : names[0])} to {(names is null ? max : names[^1])}.";
            }
        }

        return null;
    }

    private static int? Value(string text, int min, int max, string[]? names)
    {
        if (int.TryParse(text, out var number))
        {
            return number >= min && number <= max ? number : null;
        }

        var index = names is null ? -1 : Array.IndexOf(names, text.ToUpperInvariant());
        return index >= 0 ? index + min : null;
    }
}
