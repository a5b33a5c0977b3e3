// StandardProject: a Logic Apps Standard project folder read into what mailflow deploys —
//   connections.json   serviceProviderConnections (the built-in SMTP: parameterValues become a
//                      mailflow connection of the same name) and managedApiConnections (each must
//                      name an existing mailflow connection);
//   parameters.json    {name: {type, value}}, merged into every workflow's parameters;
//   local.settings.json {"Values": {...}}: what @appsetting('X') reads (then the environment);
//   */workflow.json    one workflow per folder, named after the folder.
// @appsetting('X') in connections.json and parameters.json is resolved here.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace mailflow::app {

struct StandardProject {
  std::map<std::string, std::string> settings;                   // local.settings.json Values
  std::vector<std::pair<std::string, boost::json::object>> connections;  // name → connection JSON
  std::vector<std::string> managed_connections;                  // names that must exist
  std::vector<std::pair<std::string, boost::json::value>> workflows;     // name → deploy body
};

// Errors name the file and, where there is one, the JSON path.
core::Result<StandardProject> load_standard_project(const std::string& dir);

}  // namespace mailflow::app
