provider "azurerm" {
  # Storage data (queues, containers) through Entra ID rather than account keys.
  storage_use_azuread = true

  features {}
}
