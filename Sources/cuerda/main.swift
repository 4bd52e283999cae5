print("cuerda")
