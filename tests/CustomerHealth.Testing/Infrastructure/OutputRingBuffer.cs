namespace CustomerHealth.Testing;

/// <summary>Keeps the last lines a child process wrote, for failure messages.</summary>
public sealed class OutputRingBuffer(int capacity = 500)
{
    private readonly Queue<string> lines = new(capacity);
    private readonly Lock gate = new();

    public void Add(string line)
    {
        lock (gate)
        {
            if (lines.Count == capacity)
            {
                lines.Dequeue();
            }

            lines.Enqueue(line);
        }
    }

    public override string ToString()
    {
        lock (gate)
        {
            return string.Join(Environment.NewLine, lines);
        }
    }
}
