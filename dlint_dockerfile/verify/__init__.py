"""``dlint verify``: prove a fix by building the Dockerfile before and after it.

`command` reads the command line and computes the fixed text with the fix loop;
`builders` runs a real builder (docker, podman or buildah) behind one interface;
`compare` decides what differs between the two images; `report` prints the result
(a rich table or JSON). See docs/verify.md.
"""
