# An AMI with vpnd installed from the .deb that `mvn -B package` built, on Debian 12.
#
#   mvn -B package
#   cd packaging/ami
#   packer init .          # Packer >= 1.7 installs the amazon plugin named in plugins.pkr.hcl
#   packer build -var deb=../target/vpnd_0.1.0~SNAPSHOT_amd64.deb -var region=eu-west-1 .
#
# vpnd is installed but neither configured nor enabled: instances launched from the AMI get
# their config from user data (user-data.yaml beside this file), which then starts vpnd.

variable "deb" {
  type        = string
  description = "The vpnd .deb to install (packaging/target/vpnd_VERSION_amd64.deb)."
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "instance_type" {
  type    = string
  default = "t3.small"
}

variable "ami_name_prefix" {
  type    = string
  default = "vpnd"
}

source "amazon-ebs" "debian12" {
  region          = var.region
  instance_type   = var.instance_type
  ssh_username    = "admin"
  ami_name        = "${var.ami_name_prefix}-debian12-${formatdate("YYYYMMDDhhmmss", timestamp())}"
  ami_description = "vpnd userspace IPsec VPN gateway on Debian 12"

  source_ami_filter {
    filters = {
      name                = "debian-12-amd64-*"
      architecture        = "x86_64"
      virtualization-type = "hvm"
      root-device-type    = "ebs"
    }
    # Debian's own AWS account, which publishes the official Debian cloud images
    owners      = ["136693071363"]
    most_recent = true
  }

  tags = {
    Name        = "vpnd"
    Application = "vpnd"
    Base        = "{{ .SourceAMIName }}"
  }
}

build {
  sources = ["source.amazon-ebs.debian12"]

  provisioner "file" {
    source      = var.deb
    destination = "/tmp/vpnd.deb"
  }

  provisioner "shell" {
    environment_vars = ["DEBIAN_FRONTEND=noninteractive"]
    inline = [
      "set -eu",
      "sudo -E apt-get update -q",
      # apt resolves the package's Depends (a Java 17 runtime, iproute2) from Debian's archive
      "sudo -E apt-get install -y -q --no-install-recommends /tmp/vpnd.deb",
      "rm -f /tmp/vpnd.deb",
      "sudo systemd-analyze verify /lib/systemd/system/vpnd.service",
      "/usr/bin/vpnd --version",
      # cloud-init runs again on every instance launched from the AMI
      "sudo cloud-init clean --logs",
    ]
  }
}
