#pragma once

namespace zj::app {

// Parses the command line and runs the chosen subcommand. Returns the process exit code:
// 0 success, 1 a refused operation (message on stderr), 2 bad usage.
int RunCli(int argc, char** argv);

}  // namespace zj::app
