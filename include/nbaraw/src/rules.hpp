#pragma once
// The cross-source rules' non-template code (rules/), compiled once by src/rules.cpp or <nbaraw/src.hpp>.
#ifndef NBARAW_SEPARATE_COMPILATION
#error "Define NBARAW_SEPARATE_COMPILATION to use <nbaraw/src/rules.hpp>"
#endif
#include <nbaraw/rules/impl/data_hash.ipp>
#include <nbaraw/rules/impl/game_id.ipp>
#include <nbaraw/rules/impl/json_fields.ipp>
#include <nbaraw/rules/impl/names.ipp>
#include <nbaraw/rules/impl/python_compat.ipp>
#include <nbaraw/rules/impl/python_datetime.ipp>
#include <nbaraw/rules/impl/schedule.ipp>
#include <nbaraw/rules/impl/team_mapper.ipp>
