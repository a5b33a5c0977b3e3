#include "wdl/function_table.hpp"
namespace mailflow::wdl { void register_datetime_functions(FunctionTable&) {} }
