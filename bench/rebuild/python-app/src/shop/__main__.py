from .prices import total

print(total([3, 4, 5]))
