// Value rules of the expression language over boost::json::value: type names for errors, number
// access (integers stay int64, decimals double), text conversion for "@{...}" and string(), the
// JSON text of a value (Newtonsoft-like: 10.0 stays "10.0"), and equals()'s equality.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace mailflow::wdl {

// "String", "Integer", "Float", "Boolean", "Object", "Array", "Null" (Azure's names).
std::string_view type_name(const boost::json::value& v);

bool is_integer(const boost::json::value& v);  // int64, or uint64 that fits
bool is_number(const boost::json::value& v);   // integer or double (uint64 beyond int64 counts as double)
std::int64_t integer_of(const boost::json::value& v);  // precondition: is_integer
double number_of(const boost::json::value& v);         // precondition: is_number

// .NET's shortest round-trip text of a double: 2.2, 10, 1E+15, 1E-05.
std::string format_double(double d);

// Text of a value as "@{...}" and string() render it: strings as they are, null as "", booleans as
// True/False (.NET), numbers as above, objects and arrays as compact JSON.
void append_text(std::string& out, const boost::json::value& v);
std::string to_text(const boost::json::value& v);

// Compact JSON text; doubles keep a fraction (10.0) as Newtonsoft writes them.
void append_json(std::string& out, const boost::json::value& v);
std::string to_json_text(const boost::json::value& v);

// equals(): null equals ""; numbers compare by value (1 == 1.0); true equals 1; deep for arrays and
// objects; strings ordinal.
bool values_equal(const boost::json::value& a, const boost::json::value& b);
// A hash consistent with values_equal (equal values hash alike), for union()/intersection().
std::size_t value_hash(const boost::json::value& v);

}  // namespace mailflow::wdl
