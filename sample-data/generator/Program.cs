Console.WriteLine("sample data generator: not written yet");
return 2;
