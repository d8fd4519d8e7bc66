// A program that does nothing: the bench's floor for a cold start (Mono starting and stopping).
internal static class Bare
{
    private static void Main()
    {
    }
}
