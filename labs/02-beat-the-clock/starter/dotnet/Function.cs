// Lab 2: beat the clock.
using System;
using System.Collections.Generic;
using System.Threading;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.CamelCaseLambdaJsonSerializer))]

namespace Lab
{
    // The event lists jobs to do in order: {"jobs": [{"id": "job-1", "ms": 400}, ...]}.
    public class Job
    {
        public string Id { get; set; }
        public int Ms { get; set; }
    }

    public class Request
    {
        public List<Job> Jobs { get; set; } = new List<Job>();
    }

    public class Response
    {
        public List<string> Done { get; set; }
        public List<string> Left { get; set; }
    }

    public class Function
    {
        // Init: the function loads a reference table once per execution environment. Here it is
        // simulated with 150 MB of data; function.json decides how much memory the function gets.
        private static readonly byte[] Table = Fill(150 * 1024 * 1024);

        private static byte[] Fill(int size)
        {
            var table = new byte[size];
            var pattern = System.Text.Encoding.ASCII.GetBytes("lambda");
            Array.Copy(pattern, table, pattern.Length);
            // Each copy doubles the written part: all of it is real, used memory.
            for (var filled = pattern.Length; filled < size; filled *= 2) Array.Copy(table, 0, table, filled, Math.Min(filled, size - filled));
            return table;
        }

        private static void Work(int ms)
        {
            Thread.Sleep(ms);
        }

        public Response FunctionHandler(Request request, ILambdaContext context)
        {
            var done = new List<string>();
            foreach (var job in request.Jobs)
            {
                // Your code here: stop before Lambda's timeout stops you. The context object knows
                // how much time this invocation has left.
                Work(job.Ms);
                done.Add(job.Id);
            }
            var left = new List<string>();
            for (var i = done.Count; i < request.Jobs.Count; i++) left.Add(request.Jobs[i].Id);
            Console.WriteLine($"Done {done.Count} job(s), {left.Count} left; table of {Table.Length} bytes");
            return new Response { Done = done, Left = left };
        }
    }
}
