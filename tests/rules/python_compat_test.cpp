#include <nbaraw/rules/python_compat.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

// Every expected string below is what CPython 3 prints (checked with python3 -c 'print(repr(x))').

TEST_CASE("float_repr matches Python's repr", "[python_compat]") {
  struct Case {
    double value;
    const char* python;
  };
  constexpr double inf = std::numeric_limits<double>::infinity();
  const auto c = GENERATE_COPY(values<Case>({
      {0.0, "0.0"},
      {-0.0, "-0.0"},
      {1.0, "1.0"},
      {28.5, "28.5"},
      {0.1, "0.1"},
      {1e-05, "1e-05"},  // exponent -5: scientific
      {-1e-05, "-1e-05"},
      {0.0001, "0.0001"},  // exponent -4: still fixed
      {0.001, "0.001"},
      {1e16, "1e+16"},  // 17 digits before the point: scientific
      {1.5e16, "1.5e+16"},
      {123456789012345678.0, "1.2345678901234568e+17"},
      {1e22, "1e+22"},
      {5e-324, "5e-324"},  // smallest subnormal
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {0.94, "0.94"},
      {(1 + 1 + 1 + 1 + 0.7) / 5, "0.9400000000000001"},
      {2.675, "2.675"},
      {-3.25, "-3.25"},
      {100.0, "100.0"},
      {1e15, "1000000000000000.0"},
      {1234567890123456.0, "1234567890123456.0"},  // 16 digits: still fixed
      {123456789012345.6, "123456789012345.6"},
      {inf, "inf"},
      {-inf, "-inf"},
  }));
  INFO("expected " << c.python);
  CHECK(nbaraw::py::float_repr(c.value) == c.python);
}

TEST_CASE("float_repr of NaN is 'nan'", "[python_compat]") {
  CHECK(nbaraw::py::float_repr(std::numeric_limits<double>::quiet_NaN()) == "nan");
  CHECK(nbaraw::py::float_repr(-std::numeric_limits<double>::quiet_NaN()) == "nan");  // Python drops the sign
}

TEST_CASE("round matches Python's round(x, n)", "[python_compat]") {
  struct Case {
    double value;
    int ndigits;
    double python;
  };
  const auto c = GENERATE(values<Case>({
      {2.675, 2, 2.67},    // 2.675 is stored just below the tie
      {2.675, 3, 2.675},
      {-2.675, 2, -2.67},
      {0.0005, 3, 0.001},  // stored just above the tie
      {-0.0005, 3, -0.001},
      {0.0015, 3, 0.002},
      {0.0025, 3, 0.003},
      {0.9445, 3, 0.945},
      {1.0005, 3, 1.0},    // stored just below the tie
      {(1 + 1 + 1 + 1 + 0.7) / 5, 3, 0.94},  // the mean of five confidence factors
      {0.94, 3, 0.94},
      {1.0 / 3, 3, 0.333},
      {2.0 / 3, 3, 0.667},
      {123.4565, 3, 123.457},
      {0.125, 2, 0.12},    // exact tie: to even
      {0.375, 2, 0.38},    // exact tie: to even
      {2.5, 0, 2.0},
      {3.5, 0, 4.0},
      {1250.4, -2, 1300.0},  // negative ndigits: tens, hundreds
      {1250.0, -2, 1200.0},  // exact tie: to even
      {1350.0, -2, 1400.0},
      {-150.0, -2, -200.0},
  }));
  INFO("round(" << nbaraw::py::float_repr(c.value) << ", " << c.ndigits << ")");
  CHECK(nbaraw::py::round(c.value, c.ndigits) == c.python);
}

TEST_CASE("round keeps the sign of a result that rounds to zero and passes non-finite through", "[python_compat]") {
  // Python: round(-0.0001, 3) == -0.0 and repr shows "-0.0".
  CHECK(nbaraw::py::float_repr(nbaraw::py::round(-0.0001, 3)) == "-0.0");
  CHECK(nbaraw::py::float_repr(nbaraw::py::round(0.0004, 3)) == "0.0");
  CHECK(std::isinf(nbaraw::py::round(std::numeric_limits<double>::infinity(), 3)));
  CHECK(std::isnan(nbaraw::py::round(std::numeric_limits<double>::quiet_NaN(), 3)));
}

TEST_CASE("strip removes what Python's str.strip removes, at both ends only", "[python_compat]") {
  struct Case {
    std::string in, out;
  };
  const auto c = GENERATE(values<Case>({
      {"  x ", "x"},
      {"\t\n\v\f\r x y \r\n", "x y"},
      {"\x1c\x1d\x1e\x1f" "a\x1f", "a"},
      {"\xc2\xa0" "Jokic\xc2\xa0", "Jokic"},   // U+00A0 no-break space
      {"\xc2\x85" "Jokic\xc2\x85", "Jokic"},   // U+0085 next line
      {" \xc2\xa0\xc2\x85 a\xc2\xa0" "b \xc2\x85", "a\xc2\xa0" "b"},  // inner ones kept
      {"a  b", "a  b"},
      {"\xc3\x85", "\xc3\x85"},  // U+00C5 ends in byte 0x85 but is a letter
      {"\xc3\xa0", "\xc3\xa0"},  // U+00E0 ends in byte 0xa0 but is a letter
      {"   ", ""},
      {" \t\xc2\xa0\x1c\xc2\x85\n", ""},
      {"", ""},
      {"\xe2\x80\x83" "Jokic\xe3\x80\x80", "Jokic"},  // U+2003 em space, U+3000 ideographic space
      {"\xe2\x80\xa8" "a\xe2\x80\xa9", "a"},          // U+2028 line and U+2029 paragraph separators
      {"\xe2\x80\x8b" "a", "\xe2\x80\x8b" "a"},       // U+200B zero width space is no space to Python
      {"a\xa0", "a\xa0"},                                // a lone byte that is not UTF-8 is kept
  }));
  INFO("in: '" << c.in << "'");
  CHECK(std::string(nbaraw::py::strip(c.in)) == c.out);
}

TEST_CASE("lower lower-cases Unicode like str.lower", "[python_compat]") {
  CHECK(nbaraw::py::lower("LeBron JAMES") == "lebron james");
  CHECK(nbaraw::py::lower("JOKI\xc4\x86") == "joki\xc4\x87");            // JOKIĆ -> jokić
  CHECK(nbaraw::py::lower("D\xc3\x96NCI\xc3\x89") == "d\xc3\xb6nci\xc3\xa9");  // DÖNCIÉ -> döncié
  CHECK(nbaraw::py::lower("\xce\x91\xce\x92") == "\xce\xb1\xce\xb2");    // ΑΒ -> αβ
  CHECK(nbaraw::py::lower("123 _-.") == "123 _-.");
  CHECK(nbaraw::py::lower("").empty());
  // Python gives "i\u0307stanbul" for "İSTANBUL"; at least the dotted capital I lowers to an 'i'.
  CHECK_THAT(nbaraw::py::lower("\xc4\xb0STANBUL"), Catch::StartsWith("i") && Catch::EndsWith("stanbul"));
}

TEST_CASE("lower keeps bytes that are not UTF-8", "[python_compat]") {
  CHECK(nbaraw::py::lower("A\xff" "B") == "a\xff" "b");
  CHECK(nbaraw::py::lower("\xc3" "A") == "\xc3" "a");  // a lead byte without its continuation
  CHECK(nbaraw::py::lower("\x80Z") == "\x80z");        // a stray continuation byte
}

TEST_CASE("length counts code points", "[python_compat]") {
  CHECK(nbaraw::py::length("") == 0);
  CHECK(nbaraw::py::length("jokic") == 5);
  CHECK(nbaraw::py::length("joki\xc4\x87") == 5);       // ć is 2 bytes
  CHECK(nbaraw::py::length("\xe2\x82\xac") == 1);       // € is 3 bytes
  CHECK(nbaraw::py::length("\xf0\x9f\x98\x80" "a") == 2);  // 😀 is 4 bytes
}

TEST_CASE("parse_int reads what Python's int(str) reads and refuses the rest", "[python_compat]") {
  CHECK(nbaraw::py::parse_int("42") == 42);
  CHECK(nbaraw::py::parse_int(" -7\n") == -7);
  CHECK(nbaraw::py::parse_int("+3") == 3);
  CHECK(nbaraw::py::parse_int("1_000") == 1000);
  CHECK(nbaraw::py::parse_int("007") == 7);
  CHECK(nbaraw::py::parse_int("9223372036854775807") == INT64_MAX);
  for (const char* bad : {"", " ", "1.5", "1e3", "1__0", "_1", "1_", "0x10", "- 1", "+", "12a", "9223372036854775808"}) {
    INFO('"' << bad << '"');
    CHECK_FALSE(nbaraw::py::parse_int(bad));
  }
}

TEST_CASE("parse_float reads what Python's float(str) reads and refuses the rest", "[python_compat]") {
  CHECK(nbaraw::py::parse_float("0.375") == 0.375);
  CHECK(nbaraw::py::parse_float(" .5 ") == 0.5);
  CHECK(nbaraw::py::parse_float("5.") == 5.0);
  CHECK(nbaraw::py::parse_float("-1_0.2_5e1_0") == -10.25e10);
  CHECK(nbaraw::py::parse_float("+1E-2") == 0.01);
  CHECK(nbaraw::py::parse_float("1e-400") == 0.0);  // underflow is 0.0 in Python
  CHECK(std::isinf(*nbaraw::py::parse_float("1e400")));
  CHECK(std::isinf(*nbaraw::py::parse_float("-Infinity")));
  CHECK(std::isnan(*nbaraw::py::parse_float("nan")));
  for (const char* bad : {"", ".", "e3", "1e", "1__0", "_1", "1.5.2", "44%", "0x1p3", "- 1"}) {
    INFO('"' << bad << '"');
    CHECK_FALSE(nbaraw::py::parse_float(bad));
  }
}
