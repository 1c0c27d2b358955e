@_exported import InterphaseCore
