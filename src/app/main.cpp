// zhijia: one binary, subcommands (serve, migrate, demo, user).
#include "app/cli.h"

int main(int argc, char** argv) { return zj::app::RunCli(argc, argv); }
